/** Friendly names for the generated OpenAPI shapes (src/api/schema.d.ts is generated: never edit it). */
import type { components } from "./schema";
import vocab from "./vocab.json";

type Schemas = components["schemas"];

export type Video = Schemas["VideoOut"];
export type UserBrief = Schemas["UserBrief"];
export type UserProfile = Schemas["UserProfile"];
export type UserMe = Schemas["UserMe"];
export type UserUpdate = Schemas["UserUpdate"];
export type TokenPair = Schemas["TokenPair"];
export type RegisterIn = Schemas["RegisterIn"];
export type LoginIn = Schemas["LoginIn"];
export type Comment = Schemas["CommentOut"];
export type ReportIn = Schemas["ReportIn"];
export type LikeState = Schemas["LikeState"];
export type SearchResults = Schemas["SearchResults"];
export type Hashtag = Schemas["HashtagOut"];
export type WatchRecorded = Schemas["WatchRecorded"];
export type WatchSource = NonNullable<Schemas["ViewIn"]["source"]>;

/** Every cursor-paged list has this shape. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** Vocabularies dumped from the Python constants by `npm run gen:api`. */
export const CATEGORIES: readonly string[] = vocab.categories;
export const REPORT_REASONS: readonly string[] = vocab.reportReasons;
export type VideoStatus = (typeof vocab.videoStatuses)[number];
