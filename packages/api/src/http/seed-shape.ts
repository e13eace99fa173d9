import type { RequestHandler } from 'express';

/**
 * DELETE /customers/{id} answers in the shape seed 003 documents, errors included:
 * `{"success": false, "message": …}` plus our `error` code. Only this route: everything
 * else keeps the API's `{error, message, details}`. Mounted before authentication so a
 * 401 has the seed's shape too.
 */
export const seedShapedCustomerDelete: RequestHandler = (req, res, next) => {
  if (req.method !== 'DELETE' || !/^\/customers\/[^/]+\/?$/.test(req.path)) return next();
  const json = res.json.bind(res);
  res.json = ((body: unknown) => {
    const b = body as { error?: unknown; message?: unknown } | null;
    if (res.statusCode >= 400 && b && typeof b.error === 'string') {
      return json({ success: false, message: b.message, error: b.error });
    }
    return json(body);
  }) as typeof res.json;
  next();
};
