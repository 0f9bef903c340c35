import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";

const cost = 10;

/** bcrypt reads only the first 72 bytes, so a longer password would silently not count. */
const maxPasswordLength = 72;
const minPasswordLength = 12;

/** The rules every password someone chooses must meet; `which` names it in messages ("The new password"). */
export function passwordRules(which: string, missing: string) {
  return z
    .string(missing)
    .min(minPasswordLength, `${which} needs at least ${minPasswordLength} characters.`)
    .max(maxPasswordLength, `Please keep the password under ${maxPasswordLength} characters.`);
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** Compared against when the email is unknown, so a wrong email costs as long as a wrong password. */
export const unknownUserHash = bcrypt.hashSync("makegood-no-such-user", cost);
