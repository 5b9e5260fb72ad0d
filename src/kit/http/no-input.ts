import Type from 'typebox';

/** A route part that takes nothing: any field sent there is rejected by name. */
export const NoInput = Type.Object({}, { additionalProperties: false });

/** Headers the route does not read. Other headers are allowed: clients send many. */
export const NoHeaders = Type.Object({});
