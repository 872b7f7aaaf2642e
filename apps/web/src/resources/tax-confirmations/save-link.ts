/** Has the browser save a same-origin file (a signed link the API handed out) under `filename`. */
export function saveLink(href: string, filename: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
}
