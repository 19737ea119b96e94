export declare const DEFAULT_HOST: string
export declare function isLoopback(host: string): boolean
export declare function listenHost(options: { host: string | undefined; devLogin: boolean; port?: number }): string
