/**
 * Crypto payout address shapes for the networks we pay out on (mainnet only):
 * - bitcoin: bech32 / bech32m (BIP-173 / BIP-350, "bc1…", checksum
 *   verified) or legacy base58 ("1…" P2PKH, "3…" P2SH; shape only, the
 *   base58check hash is the provider's to verify).
 * - ethereum (and ERC-20 tokens on it): "0x" + 40 hex digits; the zero
 *   address is refused. The EIP-55 mixed-case checksum needs Keccak-256,
 *   which node:crypto lacks: mixed case is accepted unverified.
 * A testnet address (tb1…, m…, n…, 2…) is refused: money would be lost.
 */

export const CRYPTO_NETWORKS = ['bitcoin', 'ethereum'] as const;
export type CryptoNetwork = (typeof CRYPTO_NETWORKS)[number];

export function isCryptoNetwork(value: string): value is CryptoNetwork {
  return (CRYPTO_NETWORKS as readonly string[]).includes(value);
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i] as number;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >>> 5), 0, ...codes.map((c) => c & 31)];
}

/** A mainnet SegWit address with a valid checksum of the right variant for its witness version. */
export function isBitcoinBech32(address: string): boolean {
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) return false;
  const lower = address.toLowerCase();
  if (lower.length < 14 || lower.length > 90 || !lower.startsWith('bc1')) return false;
  const data = [...lower.slice(3)].map((c) => BECH32_CHARSET.indexOf(c));
  if (data.some((v) => v < 0) || data.length < 7) return false;
  const version = data[0] as number;
  if (version > 16) return false;
  const check = polymod([...hrpExpand('bc'), ...data]);
  const expected = version === 0 ? BECH32_CONST : BECH32M_CONST;
  if (check !== expected) return false;
  // Program length: 2–40 bytes; version 0 is exactly 20 or 32 bytes (42 or 62 characters).
  const programBits = (data.length - 7) * 5;
  const programBytes = Math.floor(programBits / 8);
  if (programBytes < 2 || programBytes > 40) return false;
  return version !== 0 || programBytes === 20 || programBytes === 32;
}

export function isBitcoinBase58(address: string): boolean {
  return /^[13][1-9A-HJ-NP-Za-km-z]{25,34}$/.test(address);
}

export function isEthereumAddress(address: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(address) && !/^0x0{40}$/.test(address);
}

/** Client-facing message when the address does not fit the network, else null. */
export function cryptoAddressProblem(network: CryptoNetwork, address: string): string | null {
  const trimmed = address.trim();
  if (trimmed === '') return 'Enter the wallet address';
  if (network === 'bitcoin') {
    if (/^(tb1|bcrt1|[mn2])/i.test(trimmed)) return 'This is a Bitcoin test-network address: enter a mainnet address';
    return isBitcoinBech32(trimmed) || isBitcoinBase58(trimmed) ? null : 'This is not a valid Bitcoin address';
  }
  return isEthereumAddress(trimmed) ? null : 'An Ethereum address is 0x followed by 40 hexadecimal characters';
}
