// The form fields that say how API calls carry the token: which token, where (a header, with
// its name and prefix, or a query parameter), with RFC 6750 §2.3's warning for the query.
import {
  DEFAULT_TOKEN_HEADER,
  DEFAULT_TOKEN_QUERY_PARAM,
  QUERY_TOKEN_WARNING,
  TOKEN_PLACEMENTS,
  TOKEN_PLACEMENT_LABELS,
  TOKENS_TO_SEND,
  TOKEN_TO_SEND_LABELS,
} from '../../../../shared/token-placement';
import { Field } from '../../ui/field';
import type { FormValues, TokenPlacementField } from './form-model';

interface Props {
  field: TokenPlacementField;
  values: FormValues;
  error?: string | undefined;
  onChange: (patch: Partial<FormValues>) => void;
  onBlur: () => void;
}

export function TokenPlacementFormField({ field, values, error, onChange, onBlur }: Props) {
  const inHeader = values.tokenPlacement === 'header';
  switch (field) {
    case 'sendToken':
      return (
        <Field
          label="Token to send"
          error={error}
          hint="Google IAP and Cloud Run take the ID token (ask for the openid scope)."
        >
          {(c) => (
            <select
              {...c}
              value={values.sendToken}
              onChange={(e) => onChange({ sendToken: e.target.value as FormValues['sendToken'] })}
            >
              {TOKENS_TO_SEND.map((m) => (
                <option key={m} value={m}>
                  {TOKEN_TO_SEND_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'tokenPlacement':
      return (
        <Field
          label="Send token in"
          error={error}
          hint={inHeader ? undefined : <strong>{QUERY_TOKEN_WARNING}</strong>}
        >
          {(c) => (
            <select
              {...c}
              value={values.tokenPlacement}
              onChange={(e) =>
                onChange({ tokenPlacement: e.target.value as FormValues['tokenPlacement'] })
              }
            >
              {TOKEN_PLACEMENTS.map((m) => (
                <option key={m} value={m}>
                  {TOKEN_PLACEMENT_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'tokenHeaderName':
    case 'headerPrefix':
      if (!inHeader) return null;
      return (
        <Field
          label={field === 'tokenHeaderName' ? 'Header name' : 'Header prefix'}
          error={error}
          hint={
            field === 'headerPrefix'
              ? `Requests send "${values.tokenHeaderName.trim() || DEFAULT_TOKEN_HEADER}: ${
                  values.headerPrefix.trim() ? `${values.headerPrefix.trim()} ` : ''
                }<token>". Leave empty to send the token alone.`
              : undefined
          }
        >
          {(c) => (
            <input
              {...c}
              type="text"
              spellCheck={false}
              autoComplete="off"
              placeholder={field === 'tokenHeaderName' ? DEFAULT_TOKEN_HEADER : undefined}
              value={values[field]}
              onChange={(e) => onChange({ [field]: e.target.value })}
              onBlur={onBlur}
            />
          )}
        </Field>
      );
    case 'tokenQueryParam':
      if (inHeader) return null;
      return (
        <Field label="Query parameter name" error={error}>
          {(c) => (
            <input
              {...c}
              type="text"
              spellCheck={false}
              autoComplete="off"
              placeholder={DEFAULT_TOKEN_QUERY_PARAM}
              value={values.tokenQueryParam}
              onChange={(e) => onChange({ tokenQueryParam: e.target.value })}
              onBlur={onBlur}
            />
          )}
        </Field>
      );
  }
}
