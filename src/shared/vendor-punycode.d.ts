// punycode.js ships no types; only the decoder used by display-host.ts is declared.
declare module 'punycode.js' {
  const punycode: {
    /** RFC 3492: `xn--` labels of a domain name to Unicode; other labels unchanged. */
    toUnicode(domain: string): string;
  };
  export default punycode;
}
