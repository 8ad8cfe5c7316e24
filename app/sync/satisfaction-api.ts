/** The admin's satisfaction settings over HTTP (`/api/admin/satisfaction`) [RAT8]; errors are `ApiError`s. */
import type { SatisfactionSettings } from '../../model'
import { caller } from './api'

export interface SatisfactionApi {
  get(): Promise<SatisfactionSettings>
  /** Resolves the settings as stored. */
  put(settings: SatisfactionSettings): Promise<SatisfactionSettings>
}

export const createSatisfactionApi = (token: string, baseUrl = ''): SatisfactionApi => {
  const call = caller(baseUrl)
  return {
    get: () => call('/api/admin/satisfaction', { token }),
    put: (settings) => call('/api/admin/satisfaction', { token, method: 'PUT', body: settings }),
  }
}
