/**
 * A report as CSV for spreadsheets: RFC 4180 (a field holding `,`, `"` or a line break is quoted, `"` doubled),
 * CRLF line ends, UTF-8 with a byte order mark so Excel reads Cyrillic right, a header in Russian or English,
 * times in seconds with one decimal, then the totals row.
 */
import type { Report, ReportRow } from '../../model'

export type CsvLang = 'ru' | 'en'

const HEADER: Record<CsvLang, readonly string[]> = {
  ru: [
    'Имя',
    'Взято',
    'Закрыто',
    'Первый ответ, медиана (с)',
    'Первый ответ, p90 (с)',
    'Решение, медиана (с)',
    'Решение, p90 (с)',
    'Сообщений',
    'Вопрос решён',
    'Клиент не отвечает',
    'Другое',
    'Без причины',
    'Оценок',
    'Средняя оценка',
    'CSAT, %',
    'Оценка клиента, средняя',
  ],
  en: [
    'Name',
    'Taken',
    'Closed',
    'First response, median (s)',
    'First response, p90 (s)',
    'Resolution, median (s)',
    'Resolution, p90 (s)',
    'Messages',
    'Solved',
    'Customer not responding',
    'Other',
    'No reason',
    'Ratings',
    'Average rating',
    'CSAT, %',
    'Customer rating, average',
  ],
}

const TOTAL: Record<CsvLang, string> = { ru: 'Итого', en: 'Total' }

/** One RFC 4180 field. */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value

const seconds = (ms: number | null): string => (ms === null ? '' : (ms / 1000).toFixed(1))
const decimal = (value: number | null, digits: number): string =>
  value === null ? '' : value.toFixed(digits)

const line = (name: string, r: ReportRow): string[] => [
  name,
  String(r.taken),
  String(r.closed),
  seconds(r.firstResponse.median),
  seconds(r.firstResponse.p90),
  seconds(r.resolution.median),
  seconds(r.resolution.p90),
  String(r.messages),
  String(r.closeReasons.solved),
  String(r.closeReasons.no_reply),
  String(r.closeReasons.other),
  String(r.closeReasons.none),
  String(r.satisfaction.count),
  decimal(r.satisfaction.average, 2),
  decimal(r.satisfaction.csat, 1),
  decimal(r.customerRating.average, 2),
]

/** The whole file, byte order mark first. */
export const reportCsv = (report: Report, lang: CsvLang): string => {
  const lines = [HEADER[lang], ...report.rows.map((r) => line(r.name, r)), line(TOTAL[lang], report.totals)]
  return `\uFEFF${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`
}
