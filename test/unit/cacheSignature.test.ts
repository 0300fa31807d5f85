// The cache's signature (host/cacheSignature.ts): what was signed verifies, in chunks or whole; any other body,
// build identity, key, nonce or tag does not.
import * as assert from 'assert';
import * as crypto from 'crypto';
import { SIGNATURE_BYTES, signatureOf, verifies } from '../../server/out/host/cacheSignature';

describe('cache signature', () => {
  const key = crypto.randomBytes(32);
  const body = crypto.randomBytes(10000);
  const chunks = [body.subarray(0, 1), body.subarray(1, 4097), body.subarray(4097)];

  it('verifies what it signed, whether signed in chunks or whole, with a fresh nonce each time', () => {
    const signature = signatureOf(key, 'build-1', chunks);
    assert.strictEqual(signature.length, SIGNATURE_BYTES);
    assert.ok(verifies(key, 'build-1', signature, body));
    assert.ok(verifies(key, 'build-1', signatureOf(key, 'build-1', [body]), body));
    assert.notDeepStrictEqual(signatureOf(key, 'build-1', [body]), signatureOf(key, 'build-1', [body]));
    assert.ok(verifies(key, 'build-1', signatureOf(key, 'build-1', []), Buffer.alloc(0)));
  });

  it('refuses another body, identity or key, and any change to the nonce or the tag', () => {
    const signature = signatureOf(key, 'build-1', chunks);
    const flipped = (buffer: Buffer, at: number) => {
      const copy = Buffer.from(buffer);
      copy[at] ^= 1;
      return copy;
    };
    assert.ok(!verifies(key, 'build-1', signature, flipped(body, 5000)));
    assert.ok(!verifies(key, 'build-1', signature, body.subarray(0, body.length - 1)));
    assert.ok(!verifies(key, 'build-2', signature, body));
    assert.ok(!verifies(crypto.randomBytes(32), 'build-1', signature, body));
    for (const at of [0, 11, 12, SIGNATURE_BYTES - 1]) assert.ok(!verifies(key, 'build-1', flipped(signature, at), body), `byte ${at} of the signature`);
    assert.ok(!verifies(key, 'build-1', signature.subarray(0, SIGNATURE_BYTES - 1), body));
  });
});
