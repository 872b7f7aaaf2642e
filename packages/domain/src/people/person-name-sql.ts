/**
 * How a person is named where staff need to recognise them (the retention list, who looked, who
 * changed a consent), as an SQL expression over the profile alias `p`: a company by its name, a
 * person by first and last name, else the username; '' when there is none of them.
 */
export function personNameSql(p: string): string {
  return `case when ${p}.kind = 'company' then coalesce(nullif(${p}.name, ''), ${p}.username, '')
    else coalesce(nullif(concat_ws(' ', nullif(${p}.first_name, ''), nullif(${p}.last_name, '')), ''), ${p}.username, '') end`;
}
