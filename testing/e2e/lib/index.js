export * from "./browser.js";
export * from "./api.js";
export * from "./auth.js";
