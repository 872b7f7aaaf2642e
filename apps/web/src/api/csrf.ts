/** The `csrftoken` cookie that `POST /api/auth/login/` sets; unsafe requests echo it in `X-CSRFToken` (operations.md §3). */
export function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)csrftoken=([^;]*)/.exec(document.cookie);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
