declare module 'sm-crypto' {
  interface SignatureOptions {
    hash?: boolean;
    der?: boolean;
    userId?: string;
    publicKey?: string;
  }
  const smCrypto: {
    sm2: {
      generateKeyPairHex(): { privateKey: string; publicKey: string };
      getPublicKeyFromPrivateKey(privateKey: string): string;
      doSignature(message: string | number[], privateKey: string, options?: SignatureOptions): string;
      doVerifySignature(
        message: string | number[],
        signature: string,
        publicKey: string,
        options?: SignatureOptions,
      ): boolean;
    };
  };
  export default smCrypto;
}
