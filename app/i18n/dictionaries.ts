/**
 * The interface's words in Russian and English (shared/GLOSSARY.md). Each string is both the visible label and
 * the accessible name, so a screen reader, a keyboard user and a browser test find the same thing. `{name}` is
 * filled in by `t(key, { name })`.
 */
export const ru = {
  appName: 'Switchboard',
  language: 'Язык',
  loading: 'Загрузка…',

  login: 'Войти',
  email: 'Email',
  password: 'Пароль',
  loginFailed: 'Неверный email или пароль',
  loginError: 'Не удалось войти: {message}',
  logout: 'Выйти',
  sessionEnded: 'Сессия завершилась: войдите снова',

  online: 'В сети',
  offline: 'Нет сети',
  pending: 'Ожидают синхронизации: {n}',

  folders: 'Папки',
  folderUnassigned: 'Неразобранные',
  folderMine: 'Мои',
  folderAll: 'Все',
  waitingForReply: 'Ждут ответа: {n}',
  channels: 'Каналы',
  allChannels: 'Все каналы',

  chats: 'Чаты',
  noChats: 'В этой папке нет чатов',
  unread: 'Непрочитанных: {n}',
  notAssigned: 'Не назначен',

  statusOpen: 'Без статуса',
  statusInWork: 'В работе',
  statusClosed: 'Закрыт',

  history: 'История сообщений',
  pickChat: 'Выберите чат в списке',
  take: 'Взять в работу',
  returnToUnassigned: 'Вернуть в Неразобранные',
  closeChat: 'Закрыть чат',
  transfer: 'Передать',
  transferTitle: 'Передать чат',
  operator: 'Оператор',
  allOperators: 'Все операторы',
  noOtherOperators: 'Нет других активных операторов',
  comment: 'Комментарий',
  closeReason: 'Причина закрытия',
  noReason: 'Без причины',
  cancel: 'Отмена',
  message: 'Сообщение',
  send: 'Отправить',
  sendHint: 'Ctrl+Enter — отправить',
  assignee: 'Ответственный',
  customer: 'Клиент',
  /** A contact with no name (a website visitor who did not introduce themselves). */
  unnamedContact: 'Посетитель сайта',
  system: 'Система',

  you: 'Вы',
  typingSelf: 'Вы печатаете…',
  typingOne: '{name} печатает…',
  typingMany: '{names} печатают…',
  presenceViewing: 'Смотрит: {names}',

  eventTake: 'Взят в работу: {actor}',
  eventAssign: 'Передан оператору {to}: {actor}',
  eventAutoAssign: 'Закреплён за {to} после ответа',
  eventReturn: 'Возвращён в Неразобранные: {actor}',
  eventClose: 'Закрыт: {actor}',
  eventReopen: 'Клиент написал в закрытый чат: чат снова в Неразобранных',
  eventLost: 'не применено: чат уже был у другого оператора',
  reasonSolved: 'Вопрос решён',
  reasonNoReply: 'Клиент не отвечает',
  reasonOther: 'Другое',

  contactProfile: 'Профиль контакта',
  contactName: 'Имя',
  channel: 'Канал',
  status: 'Статус',

  kindTelegram: 'Telegram',
  kindWhatsapp: 'WhatsApp',
  kindVk: 'VK',
  kindWidget: 'Виджет на сайте',
}

export type MessageKey = keyof typeof ru
export type Dictionary = Readonly<Record<MessageKey, string>>

export const en: Dictionary = {
  appName: 'Switchboard',
  language: 'Language',
  loading: 'Loading…',

  login: 'Log in',
  email: 'Email',
  password: 'Password',
  loginFailed: 'Wrong email or password',
  loginError: 'Could not log in: {message}',
  logout: 'Log out',
  sessionEnded: 'Your session ended: log in again',

  online: 'Online',
  offline: 'Offline',
  pending: 'Waiting to sync: {n}',

  folders: 'Folders',
  folderUnassigned: 'Unassigned',
  folderMine: 'Mine',
  folderAll: 'All',
  waitingForReply: 'Waiting for reply: {n}',
  channels: 'Channels',
  allChannels: 'All channels',

  chats: 'Chats',
  noChats: 'No chats in this folder',
  unread: 'Unread: {n}',
  notAssigned: 'Not assigned',

  statusOpen: 'No status',
  statusInWork: 'In work',
  statusClosed: 'Closed',

  history: 'Message history',
  pickChat: 'Pick a chat in the list',
  take: 'Take',
  returnToUnassigned: 'Return to Unassigned',
  closeChat: 'Close chat',
  transfer: 'Transfer',
  transferTitle: 'Transfer the chat',
  operator: 'Operator',
  allOperators: 'All operators',
  noOtherOperators: 'No other active operators',
  comment: 'Comment',
  closeReason: 'Reason for closing',
  noReason: 'No reason',
  cancel: 'Cancel',
  message: 'Message',
  send: 'Send',
  sendHint: 'Ctrl+Enter to send',
  assignee: 'Assignee',
  customer: 'Customer',
  unnamedContact: 'Website visitor',
  system: 'System',

  you: 'You',
  typingSelf: 'You are typing…',
  typingOne: '{name} is typing…',
  typingMany: '{names} are typing…',
  presenceViewing: 'Viewing: {names}',

  eventTake: 'Taken by {actor}',
  eventAssign: 'Assigned to {to} by {actor}',
  eventAutoAssign: 'Assigned to {to} on reply',
  eventReturn: 'Returned to Unassigned by {actor}',
  eventClose: 'Closed by {actor}',
  eventReopen: 'The customer wrote into the closed chat: back in Unassigned',
  eventLost: 'had no effect: another operator had the chat by then',
  reasonSolved: 'Solved',
  reasonNoReply: 'Customer not responding',
  reasonOther: 'Other',

  contactProfile: 'Contact profile',
  contactName: 'Name',
  channel: 'Channel',
  status: 'Status',

  kindTelegram: 'Telegram',
  kindWhatsapp: 'WhatsApp',
  kindVk: 'VK',
  kindWidget: 'Website widget',
}

export const dictionaries = { ru, en } as const
export type Locale = keyof typeof dictionaries
export const LOCALES: readonly Locale[] = ['ru', 'en']
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { ru: 'Русский', en: 'English' }
