import { useForm, type UseFormReturnType } from '@mantine/form';
import { useEffect } from 'react';
import { fieldErrorsOf } from '../api/field-errors.js';

/**
 * A Mantine form whose field errors are the API's: after a failed save, each DRF message is
 * shown under its field (the API is the one judge of what is valid; the form checks nothing
 * the API does not).
 */
export function useApiForm<T extends Record<string, unknown>>(initialValues: T, error: unknown): UseFormReturnType<T> {
  const form = useForm<T>({ mode: 'controlled', initialValues });
  useEffect(() => {
    if (!error) return;
    const errors = fieldErrorsOf(error);
    form.setErrors(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.join(' ')])));
    // Focus the first field the API refused, for keyboard and screen-reader users.
    const first = Object.keys(errors).find((k) => k in initialValues);
    if (first) document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }, [error]);
  return form;
}

/** Only what changed since the form was filled: a PATCH must not resend what another user may have changed meanwhile. */
export function changedValues<T extends Record<string, unknown>>(form: UseFormReturnType<T>, initial: T): Partial<T> {
  const values = form.getValues();
  return Object.fromEntries(
    Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(initial[k])),
  ) as Partial<T>;
}
