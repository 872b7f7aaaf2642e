import { renderTaxConfirmation } from './dist/index.js';
const doc = (i) => ({
  lang: 'cs',
  issuer: { name: 'Klub přátel Žďáru', address: 'Nádražní 5, 591 01 Žďár nad Sázavou', ico: '12345678', logo: null, signature: null, place: 'Žďáru', signatory: 'Jana Nováková' },
  donor: { name: `Jiří Šťastný ${i}`, address: `Dlouhá ${i}, 591 01 Žďár`, kind: 'user', birthDate: '1. 2. 1980', ico: '' },
  year: 2026, amount: 1200 + i, amountFigures: `${1200 + i} Kč`, amountWords: 'tisíc dvě stě korun českých', issuedOn: '9. 12. 2026',
  paragraphs: ['Potvrzujeme, že dárce Jiří Šťastný, poskytl v roce 2026 naší organizaci dar v celkové výši 1 200 Kč (slovy: tisíc dvě stě korun českých).', 'Dar byl použit na podporu veřejně prospěšné činnosti organizace. Hodnotu daru si dárce může odečíst od základu daně podle § 15 odst. 1 (fyzické osoby), resp. § 20 odst. 8 (právnické osoby) zákona č. 586/1992 Sb., o daních z příjmů.', 'Děkujeme vám za vaši podporu.'],
  title: 'Potvrzení',
});
const N = Number(process.argv[2] ?? 100);
await renderTaxConfirmation(doc(0));
const t = performance.now();
for (let i = 0; i < N; i++) await renderTaxConfirmation(doc(i));
const ms = performance.now() - t;
console.log(`${N} in ${ms.toFixed(0)} ms = ${(N / ms * 1000).toFixed(1)}/s`);
