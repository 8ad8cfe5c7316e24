export * from './dictionaries'
export * from './format'
export * from './i18n'
