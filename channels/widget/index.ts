/** The website widget channel: its settings, the customer's JSON, and what a customer may see. */
export { parseWidgetSend, type Visitor, visitorContact, widgetMessageId } from './parse'
export * from './schema'
export { arrivalState, customerView } from './send'
