import { describe, expect, it } from 'vitest';
import { InvalidResourceNameError, resourceNames } from '../src/names.js';

describe(resourceNames.name, () => {
  it('derives every spelling from a one-word plural', () => {
    expect(resourceNames('invoices')).toEqual({
      plural: 'invoices',
      singular: 'invoice',
      Plural: 'Invoices',
      Singular: 'Invoice',
      pluralCamel: 'invoices',
      PLURAL: 'INVOICES',
      SINGULAR: 'INVOICE',
      table: 'invoices',
      pluralWords: 'invoices',
      singularWords: 'invoice',
      aSingular: 'an invoice',
      ASingular: 'An invoice',
    });
  });

  it('singularizes only the last word of a kebab-case name', () => {
    expect(resourceNames('purchase-orders')).toMatchObject({
      singular: 'purchase-order',
      Plural: 'PurchaseOrders',
      Singular: 'PurchaseOrder',
      pluralCamel: 'purchaseOrders',
      SINGULAR: 'PURCHASE_ORDER',
      table: 'purchase_orders',
      aSingular: 'a purchase order',
    });
  });

  it.each([
    ['categories', 'category'],
    ['addresses', 'address'],
    ['boxes', 'box'],
    ['people', 'person'],
    ['api-keys', 'api-key'],
  ])('takes %s as the plural of %s', (plural, singular) => {
    expect(resourceNames(plural).singular).toBe(singular);
  });

  it.each([
    ['Invoices', /kebab-case/],
    ['purchase_orders', /kebab-case/],
    ['invoices-', /kebab-case/],
    ['2fa-codes', /kebab-case/],
    ['../invoices', /kebab-case/],
    ['invoice', /not a plural/],
    ['purchase-order', /not a plural/],
    [`${'x'.repeat(40)}s`, /longer than 40/],
    ['users', /the API's own \/users routes/],
    ['admins', /the API's own \/admin routes/],
    ['references', /reserved word of PostgreSQL/],
    ['arguments', /reserved word of TypeScript/],
    ['dates', /shadows the built-in Date/],
    ['records', /shadows the built-in Record/],
  ])('refuses %s', (name, message) => {
    expect(() => resourceNames(name)).toThrow(InvalidResourceNameError);
    expect(() => resourceNames(name)).toThrow(message);
  });
});
