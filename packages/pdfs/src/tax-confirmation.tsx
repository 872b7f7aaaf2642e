import { Document, Image, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import type { TaxConfirmationDocument } from '@klub/contracts';
import { FONT_FAMILY, registerFonts } from './fonts.js';

const LABELS = {
  cs: {
    heading: 'Potvrzení o přijetí daru',
    donor: 'Dárce',
    address: 'Adresa',
    birthDate: 'Datum narození',
    ico: 'IČO',
    amount: 'Výše daru',
    words: 'Slovy',
    year: 'Za rok',
    issuerIco: 'IČO',
    issued: (place: string, date: string) => (place ? `V ${place} dne ${date}` : `Dne ${date}`),
  },
  en: {
    heading: 'Confirmation of donation',
    donor: 'Donor',
    address: 'Address',
    birthDate: 'Date of birth',
    ico: 'Company ID',
    amount: 'Amount',
    words: 'In words',
    year: 'Year',
    issuerIco: 'Company ID',
    issued: (place: string, date: string) => (place ? `${place}, ${date}` : date),
  },
} as const;

const styles = StyleSheet.create({
  page: { fontFamily: FONT_FAMILY, fontSize: 10.5, lineHeight: 1.45, padding: 48, color: '#111' },
  header: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-start', marginBottom: 28 },
  logo: { width: 120, maxHeight: 60, objectFit: 'contain' },
  issuer: { textAlign: 'right', fontSize: 9.5 },
  issuerName: { fontWeight: 700, fontSize: 11 },
  heading: { fontSize: 17, fontWeight: 700, marginBottom: 16 },
  table: { marginBottom: 16, borderTop: '1pt solid #999', borderBottom: '1pt solid #999', paddingVertical: 6 },
  row: { flexDirection: 'row', paddingVertical: 1.5 },
  label: { width: 120, color: '#555' },
  value: { flex: 1 },
  strong: { fontWeight: 700 },
  paragraph: { marginBottom: 8, textAlign: 'justify' },
  footer: { marginTop: 28, flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-end' },
  signatureBlock: { width: 200, alignItems: 'center' },
  signature: { width: 160, maxHeight: 60, objectFit: 'contain', marginBottom: 4 },
  signatory: { borderTop: '0.5pt solid #555', paddingTop: 3, fontSize: 9, textAlign: 'center', width: 200 },
});

function Line({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  if (!value) return null;
  return (
    <View style={styles.row}>
      <Text style={styles.label}>{label}</Text>
      <Text style={strong ? [styles.value, styles.strong] : styles.value}>{value}</Text>
    </View>
  );
}

/** react-pdf's Image takes a Buffer with its format; PNG and JPEG are what templates upload. */
function imageSource(bytes: Uint8Array) {
  const data = Buffer.from(bytes);
  const format = data[0] === 0x89 && data[1] === 0x50 ? 'png' : 'jpg';
  return { data, format } as const;
}

export function TaxConfirmationPdf({ doc }: { doc: TaxConfirmationDocument }) {
  const t = LABELS[doc.lang];
  const { issuer, donor } = doc;
  return (
    <Document title={doc.title} author={issuer.name} subject={t.heading} creator="Klub" producer="Klub" language={doc.lang === 'cs' ? 'cs-CZ' : 'en'} keywords={`${t.heading} ${doc.year}`}>
      <Page size="A4" style={styles.page}>
        <View style={styles.header}>
          {issuer.logo ? <Image style={styles.logo} src={imageSource(issuer.logo)} /> : <View />}
          <View style={styles.issuer}>
            <Text style={styles.issuerName}>{issuer.name}</Text>
            {issuer.address ? <Text>{issuer.address}</Text> : null}
            {issuer.ico ? <Text>{`${t.issuerIco}: ${issuer.ico}`}</Text> : null}
          </View>
        </View>
        <Text style={styles.heading}>{`${t.heading} ${doc.year}`}</Text>
        <View style={styles.table}>
          <Line label={t.donor} value={donor.name} strong />
          <Line label={t.address} value={donor.address} />
          <Line label={t.birthDate} value={donor.birthDate} />
          <Line label={t.ico} value={donor.ico} />
          <Line label={t.year} value={String(doc.year)} />
          <Line label={t.amount} value={doc.amountFigures} strong />
          <Line label={t.words} value={doc.amountWords} />
        </View>
        {doc.paragraphs.map((p, i) => (
          <Text key={i} style={styles.paragraph}>
            {p}
          </Text>
        ))}
        <View style={styles.footer}>
          <Text>{t.issued(issuer.place, doc.issuedOn)}</Text>
          <View style={styles.signatureBlock}>
            {issuer.signature ? <Image style={styles.signature} src={imageSource(issuer.signature)} /> : null}
            <Text style={styles.signatory}>{issuer.signatory || issuer.name}</Text>
          </View>
        </View>
      </Page>
    </Document>
  );
}

/** One confirmation as PDF bytes: fonts embedded (subset), metadata set, one A4 page. */
export async function renderTaxConfirmation(doc: TaxConfirmationDocument): Promise<Buffer> {
  registerFonts();
  return renderToBuffer(<TaxConfirmationPdf doc={doc} />);
}
