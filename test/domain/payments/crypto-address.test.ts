import { describe, expect, it } from 'vitest';
import { type CryptoNetwork, cryptoAddressProblem, isBitcoinBech32 } from '../../../src/domain/payments/crypto-address';

describe('cryptoAddressProblem', () => {
  it.each<[CryptoNetwork, string, string | null]>([
    // BIP-173 / BIP-350 vectors
    ['bitcoin', 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', null],
    ['bitcoin', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', null],
    ['bitcoin', 'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3', null],
    ['bitcoin', 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', null],
    ['bitcoin', 'bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', null],
    ['bitcoin', 'BC1SW50QGDZ25J', null],
    ['bitcoin', 'bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj', 'This is not a valid Bitcoin address'], // v2 with a bech32 (not bech32m) checksum
    ['bitcoin', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'This is not a valid Bitcoin address'], // checksum typo
    ['bitcoin', 'bc1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'This is not a valid Bitcoin address'], // mixed case
    ['bitcoin', 'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', null],
    ['bitcoin', 'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx', 'This is not a valid Bitcoin address'], // BIP-173's v1 vector: bech32, not bech32m
    // legacy base58, shape only
    ['bitcoin', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', null],
    ['bitcoin', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', null],
    ['bitcoin', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0', 'This is not a valid Bitcoin address'], // 0 is not base58
    ['bitcoin', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', 'This is a Bitcoin test-network address: enter a mainnet address'],
    ['bitcoin', 'mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'This is a Bitcoin test-network address: enter a mainnet address'],
    ['bitcoin', '0x52908400098527886E0F7030069857D2E4169EE7', 'This is not a valid Bitcoin address'],
    ['bitcoin', '  ', 'Enter the wallet address'],
    // ethereum
    ['ethereum', '0x52908400098527886E0F7030069857D2E4169EE7', null],
    ['ethereum', ' 0xde709f2102306220921060314715629080e2fb77 ', null],
    ['ethereum', '0x52908400098527886E0F7030069857D2E4169EE', 'An Ethereum address is 0x followed by 40 hexadecimal characters'],
    ['ethereum', '0x52908400098527886E0F7030069857D2E4169EEG', 'An Ethereum address is 0x followed by 40 hexadecimal characters'],
    ['ethereum', '0x0000000000000000000000000000000000000000', 'An Ethereum address is 0x followed by 40 hexadecimal characters'],
    ['ethereum', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'An Ethereum address is 0x followed by 40 hexadecimal characters'],
  ])('%s %s', (network, address, expected) => {
    expect(cryptoAddressProblem(network, address)).toBe(expected);
  });

  it('refuses a version 0 program of the wrong length', () => {
    // BIP-173 invalid vector: v0 with a 16-byte program.
    expect(isBitcoinBech32('bc1qr508d6qejxtdg4y5r3zarvaryvg6kdaj')).toBe(false);
  });
});
