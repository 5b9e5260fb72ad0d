/** Invoice statuses (API.md). `paid` and `void` are final: the invoice is immutable. */
export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const IMMUTABLE_STATUSES: ReadonlySet<string> = new Set<InvoiceStatus>(['paid', 'void']);

/** An invoice as the domain and the API see it (camelCase, RFC 3339 timestamps). */
export interface Invoice {
  readonly id: string;
  readonly organizationId: string;
  readonly ownerId: string;
  readonly customerName: string;
  readonly customerEmail: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly status: InvoiceStatus;
  readonly dueDate: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fields a client may set: nothing else (owner, tenant, id, timestamps) is assignable. */
export interface InvoiceInput {
  readonly customerName: string;
  readonly customerEmail: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly dueDate: string;
  readonly status?: InvoiceStatus;
}

export type InvoicePatch = Partial<InvoiceInput>;

/** Bounds of the invoice fields (schemas and tests share them). */
export const INVOICE_BOUNDS = Object.freeze({
  customerNameMax: 200,
  customerEmailMax: 254,
  amountCentsMax: 1_000_000_000_000,
});
