#include "examples/testbed/gzip.h"

#include <zlib.h>

#include <vector>

namespace testbed {
namespace {

void PutLe32(std::string& out, uLong v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace

// Deflating 200 MiB takes ~0.7 s, which would delay startup. Instead, each 1 MiB chunk
// ends with Z_FULL_FLUSH: output is byte-aligned and history is reset, so every chunk after
// the first compresses to the same bytes and is simply repeated. The gzip header and
// trailer (CRC-32 via crc32_combine, size) are written by hand around the raw deflate data.
std::string GzipZeros(size_t n) {
  static const std::vector<unsigned char> zeros(1 << 20, 0);
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    return {};
  std::vector<unsigned char> buf(1 << 16);
  bool ok = true;
  auto deflate_zeros = [&](size_t len, int flush) {
    std::string out;
    zs.next_in = const_cast<unsigned char*>(zeros.data());
    zs.avail_in = static_cast<uInt>(len);
    int rc = Z_OK;
    do {
      zs.next_out = buf.data();
      zs.avail_out = static_cast<uInt>(buf.size());
      rc = deflate(&zs, flush);
      out.append(reinterpret_cast<char*>(buf.data()), buf.size() - zs.avail_out);
    } while (zs.avail_out == 0 && rc == Z_OK);
    ok = ok && (flush == Z_FINISH ? rc == Z_STREAM_END : rc == Z_OK);
    return out;
  };

  // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=2 (max compression) OS=255 (unknown).
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff", 10);
  const uLong chunk_crc = crc32(0, zeros.data(), static_cast<uInt>(zeros.size()));
  uLong crc = crc32(0, nullptr, 0);
  std::string unit;  // compressed form of a full chunk following a full flush
  for (size_t left = n, index = 0; left > 0; ++index) {
    const size_t len = std::min(left, zeros.size());
    left -= len;
    if (left == 0) {
      out += deflate_zeros(len, Z_FINISH);
    } else if (index < 2) {
      std::string part = deflate_zeros(len, Z_FULL_FLUSH);
      if (index == 1) unit = part;
      out += part;
    } else {
      out += unit;
    }
    const uLong len_crc =
        len == zeros.size() ? chunk_crc : crc32(0, zeros.data(), static_cast<uInt>(len));
    crc = crc32_combine(crc, len_crc, static_cast<z_off_t>(len));
  }
  if (n == 0) out += deflate_zeros(0, Z_FINISH);
  deflateEnd(&zs);
  PutLe32(out, crc);
  PutLe32(out, static_cast<uLong>(n & 0xffffffffu));
  return ok ? out : std::string();
}

}  // namespace testbed
