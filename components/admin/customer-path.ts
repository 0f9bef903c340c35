/** Host ids may hold characters a path segment must escape, such as ":". */
export function customerPath(id: string): string {
  return `/admin/customers/${encodeURIComponent(id)}`;
}
