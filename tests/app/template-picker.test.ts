import { describe, expect, it } from 'vitest'
import { templateInputOf } from '../../app/state/template-admin'
import { groupTemplates } from '../../app/state/template-picker'
import type { Template } from '../../model'

const templates: Template[] = [
  { id: '1', title: 'Оплата картой', text: 'Оплатить можно картой, {{contact.firstName}}', folder: 'Оплата' },
  { id: '2', title: 'Приветствие', text: 'Здравствуйте!' },
  { id: '3', title: 'Доставка завтра', text: 'Курьер приедет завтра', folder: 'Доставка' },
  { id: '4', title: 'Адрес', text: 'Мы на Ленина, 1' },
  { id: '5', title: 'Наличные', text: 'Курьер принимает наличные', folder: 'Оплата' },
]

describe('the template picker’s list', () => {
  it('[TPL2] groups by folder, templates without one first, each group by title', () => {
    expect(groupTemplates(templates, '').map((g) => [g.folder, g.templates.map((t) => t.title)])).toEqual([
      [null, ['Адрес', 'Приветствие']],
      ['Доставка', ['Доставка завтра']],
      ['Оплата', ['Наличные', 'Оплата картой']],
    ])
  })

  it('[TPL2] searches titles, texts and folders without regard to case; an empty group is left out', () => {
    expect(groupTemplates(templates, ' КУРЬЕР ').map((g) => g.templates.map((t) => t.id))).toEqual([
      ['3'],
      ['5'],
    ])
    expect(groupTemplates(templates, 'оплата').flatMap((g) => g.templates.map((t) => t.id))).toEqual([
      '5',
      '1',
    ])
    expect(groupTemplates(templates, 'нет такого')).toEqual([])
  })

  it('a settings form becomes a trimmed template; a blank folder is none', () => {
    expect(templateInputOf({ title: ' Привет ', text: ' Текст ', folder: '  ' })).toEqual({
      title: 'Привет',
      text: 'Текст',
    })
    expect(templateInputOf({ title: 'a', text: 'b', folder: ' Общие ' })).toEqual({
      title: 'a',
      text: 'b',
      folder: 'Общие',
    })
  })
})
