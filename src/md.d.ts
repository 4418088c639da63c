declare module '*.md' {
  const text: string;
  export default text;
}

declare module 'proxy-from-env' {
  export function getProxyForUrl(url: string): string;
  const proxyFromEnv: {getProxyForUrl(url: string): string} | undefined;
  export default proxyFromEnv;
}
