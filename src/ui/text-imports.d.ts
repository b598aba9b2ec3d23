// Imported `with { type: "text" }` by assets.ts: their contents as a string.
declare module "*.css" {
  const text: string;
  export default text;
}
declare module "*.svg" {
  const text: string;
  export default text;
}
