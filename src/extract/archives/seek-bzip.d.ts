/** Types for the parts of seek-bzip 2.0 that pii-scan drives (the package ships none). */
declare module 'seek-bzip' {
  interface ByteInput {
    readByte(): number;
    read(buffer: Uint8Array, offset: number, length: number): number;
    seek(pos: number): void;
  }
  interface ByteOutput {
    writeByte(byte: number): void;
  }
  /** One bzip2 stream being decoded; the block-level methods are the ones Bunzip.decode loops over. */
  class Bunzip {
    constructor(input: ByteInput, output: ByteOutput);
    streamCRC: number;
    reader: { read(bits: number): number };
    _init_block(): boolean;
    _read_bunzip(): void;
    _start_bunzip(input: ByteInput, output: ByteOutput): void;
  }
  export default Bunzip;
}
