import { PAGE_QUERY, Type, idPattern, pageOf, type Static } from '../../../../kit/index.js';
import { INVOICE_BOUNDS, INVOICE_STATUSES } from '../../../domain/invoice.js';

/** Printable text only: control characters (NUL breaks PostgreSQL text) are refused. */
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';

export const InvoiceId = Type.String({
  maxLength: 26,
  pattern: idPattern('inv'),
  description: 'Invoice id (`inv_…`).',
});

export const InvoiceStatus = Type.Enum([...INVOICE_STATUSES], {
  description: '`paid` and `void` are final: such an invoice can no longer be changed.',
});

const fields = {
  customerName: Type.String({
    minLength: 1,
    maxLength: INVOICE_BOUNDS.customerNameMax,
    pattern: PRINTABLE,
  }),
  customerEmail: Type.String({ format: 'email', maxLength: INVOICE_BOUNDS.customerEmailMax }),
  amountCents: Type.Integer({ minimum: 0, maximum: INVOICE_BOUNDS.amountCentsMax }),
  currency: Type.String({
    minLength: 3,
    maxLength: 3,
    pattern: '^[A-Z]{3}$',
    description: 'ISO 4217 code',
  }),
  dueDate: Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD' }),
  status: InvoiceStatus,
};

export const InvoiceParams = Type.Object({ id: InvoiceId }, { additionalProperties: false });

export const CreateInvoiceBody = Type.Object(
  {
    customerName: fields.customerName,
    customerEmail: fields.customerEmail,
    amountCents: fields.amountCents,
    currency: fields.currency,
    dueDate: fields.dueDate,
    status: Type.Optional(fields.status),
  },
  { additionalProperties: false },
);

export const UpdateInvoiceBody = Type.Object(
  {
    customerName: Type.Optional(fields.customerName),
    customerEmail: Type.Optional(fields.customerEmail),
    amountCents: Type.Optional(fields.amountCents),
    currency: Type.Optional(fields.currency),
    dueDate: Type.Optional(fields.dueDate),
    status: Type.Optional(fields.status),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListInvoicesQuery = Type.Object(
  { ...PAGE_QUERY, status: Type.Optional(InvoiceStatus) },
  { additionalProperties: false },
);

export const InvoiceSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  ownerId: Type.String(),
  customerName: Type.String(),
  customerEmail: Type.String(),
  amountCents: Type.Integer(),
  currency: Type.String(),
  status: InvoiceStatus,
  dueDate: Type.String({ format: 'date' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const InvoicePage = pageOf(InvoiceSchema);

export type CreateInvoiceInput = Static<typeof CreateInvoiceBody>;
