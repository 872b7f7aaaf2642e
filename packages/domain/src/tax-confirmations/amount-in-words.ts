import { toCardinal } from 'n2words/cs-CZ';

/**
 * A whole-crown amount in Czech words, as a confirmation states it ("slovy: …"): the number words
 * come from n2words' Czech cardinals; the agreement with "koruna" (feminine) is ours, because
 * n2words' own currency form says "dva koruny": 1 → "jedna koruna česká", a last digit 2–4 (not
 * in 12–14) → "dvě/tři/čtyři koruny české", anything else → "korun českých".
 */
export function amountInCzechWords(amount: number): string {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`not a whole non-negative amount: ${amount}`);
  const words = toCardinal(amount).split(' ');
  const units = amount % 10;
  const tens = Math.floor(amount / 10) % 10;
  if (amount === 1) return 'jedna koruna česká';
  if (tens !== 1 && units >= 2 && units <= 4) {
    // Only the last word agrees with "koruny"; "dva tisíce" stays masculine.
    if (words[words.length - 1] === 'dva') words[words.length - 1] = 'dvě';
    return `${words.join(' ')} koruny české`;
  }
  return `${words.join(' ')} korun českých`;
}

/** `12 500 Kč`: thousands grouped with a no-break space, as Czech prints amounts. */
export function amountInFigures(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}\u00a0Kč`;
}
