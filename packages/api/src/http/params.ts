import { NotFoundError } from '@hearth/shared';

/** Path ids are positive integers; anything else cannot name an object, so 404. */
export function idParam(value: string | string[] | undefined): number {
  if (Array.isArray(value)) throw new NotFoundError('Not found');
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2147483647) throw new NotFoundError('Not found');
  return Number(value);
}
