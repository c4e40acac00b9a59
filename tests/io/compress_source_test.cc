// Decompressing sources and compressing sinks (issue 4): round trips through small buffers,
// multi-member / multi-frame inputs, files made by the gzip and zstd tools, and the exact
// messages for corrupt and truncated data.
#include <gtest/gtest.h>

#include <random>

#include "compress_test_util.h"
#include "io/compression.h"
#include "recproc/error.h"

namespace recproc::io {
namespace {

using testing::read_all;
using testing::StringSink;
using testing::StringSource;

std::string compress(Compression c, std::string_view text, std::size_t piece = SIZE_MAX) {
  StringSink file;
  auto sink = wrap_sink(c, file);
  while (!text.empty()) {
    std::size_t take = std::min(piece, text.size());
    sink->write(text.substr(0, take));
    text.remove_prefix(take);
  }
  sink->finish();
  EXPECT_EQ(file.finish_calls, 1);
  return file.data;
}

/// Opens `bytes` the way open_source() does: read the magic, detect, wrap.
std::unique_ptr<ByteSource> open_bytes(std::string bytes, std::size_t max_read = 5) {
  auto inner = std::make_unique<StringSource>(std::move(bytes), max_read);
  std::string head(kCompressionMagicBytes, '\0');
  head.resize(inner->read(head.data(), head.size()));
  Compression c = detect_compression(head);
  return wrap_source(c, std::move(inner), std::move(head), "in.gz");
}

std::string random_text(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += "ab,\"\n \r0123456789xyz"[rng() % 20];
  return s;
}

std::string decompress(std::string bytes) {
  auto source = open_bytes(std::move(bytes));
  return read_all(*source);
}

TEST(Compression, DetectsByMagicBytes) {
  EXPECT_EQ(detect_compression("\x1f\x8b\x08\x00"), Compression::kGzip);
  EXPECT_EQ(detect_compression(std::string_view("\x28\xb5\x2f\xfd", 4)), Compression::kZstd);
  EXPECT_EQ(detect_compression("id,x"), Compression::kNone);
  EXPECT_EQ(detect_compression("\x1f"), Compression::kNone);
  EXPECT_EQ(detect_compression(""), Compression::kNone);
}

TEST(Compression, OutputCompressionFromExtension) {
  EXPECT_EQ(compression_for_path("out.ndjson.gz"), Compression::kGzip);
  EXPECT_EQ(compression_for_path("out.csv.zst"), Compression::kZstd);
  EXPECT_EQ(compression_for_path("out.csv"), Compression::kNone);
  EXPECT_EQ(compression_for_path("gz"), Compression::kNone);
  EXPECT_EQ(strip_compression_suffix("data.csv.gz"), "data.csv");
  EXPECT_EQ(strip_compression_suffix("data.tsv.zst"), "data.tsv");
  EXPECT_EQ(strip_compression_suffix("data.ndjson"), "data.ndjson");
}

TEST(Compression, PlainInputIsReplayedAfterDetection) {
  EXPECT_EQ(decompress("id,msg\n1,x\n"), "id,msg\n1,x\n");
  EXPECT_EQ(decompress("a"), "a");
  EXPECT_EQ(decompress(""), "");
}

TEST(Compression, RoundTripsThroughSmallBuffers) {
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    for (std::size_t size : {0u, 1u, 100u, 300000u}) {
      std::string text = random_text(size, static_cast<unsigned>(size));
      std::string packed = compress(c, text, 1000);
      EXPECT_EQ(detect_compression(packed), c);
      EXPECT_EQ(decompress(packed), text) << "size " << size;
    }
  }
}

TEST(Compression, LargeReadsReturnEverything) {
  std::string text = random_text(1 << 20, 3);
  for (Compression c : {Compression::kGzip, Compression::kZstd}) {
    auto source = open_bytes(compress(c, text), SIZE_MAX);
    EXPECT_EQ(read_all(*source, 1 << 22), text);
  }
}

TEST(Compression, ConcatenatedGzipMembersAreOneInput) {
  std::string packed = compress(Compression::kGzip, "first\n") + compress(Compression::kGzip, "") +
                       compress(Compression::kGzip, "second\n");
  EXPECT_EQ(decompress(packed), "first\nsecond\n");
}

TEST(Compression, ConcatenatedZstdFramesAreOneInput) {
  std::string packed = compress(Compression::kZstd, "first\n") + compress(Compression::kZstd, "") +
                       compress(Compression::kZstd, "second\n");
  EXPECT_EQ(decompress(packed), "first\nsecond\n");
}

TEST(Compression, GzipTrailingGarbageIsIgnoredLikeGzread) {
  std::string packed = compress(Compression::kGzip, "data\n") + std::string(512, '\0');
  EXPECT_EQ(decompress(packed), "data\n");
}

TEST(Compression, ReadsFilesMadeByTheGzipAndZstdTools) {
  std::string dir = std::string(RECPROC_TEST_DATA) + "/compress/";
  std::string plain = testing::read_file(dir + "sample.csv");
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(decompress(testing::read_file(dir + "sample.csv.gz")), plain);
  EXPECT_EQ(decompress(testing::read_file(dir + "sample.csv.zst")), plain);
}

std::string error_of(std::string bytes) {
  try {
    decompress(std::move(bytes));
  } catch (const IoError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Compression, TruncatedInputIsAnIoError) {
  std::string gz = compress(Compression::kGzip, random_text(5000, 1));
  EXPECT_EQ(error_of(gz.substr(0, gz.size() - 4)),
            "in.gz: unexpected end of gzip data (truncated file?)");
  EXPECT_EQ(error_of(gz.substr(0, 2)), "in.gz: unexpected end of gzip data (truncated file?)");
  std::string zst = compress(Compression::kZstd, random_text(5000, 1));
  EXPECT_EQ(error_of(zst.substr(0, zst.size() - 4)),
            "in.gz: unexpected end of zstd data (truncated file?)");
}

TEST(Compression, CorruptInputIsAnIoError) {
  std::string gz = compress(Compression::kGzip, random_text(5000, 1));
  gz[3] = '\xff';  // reserved flag bits
  EXPECT_EQ(error_of(gz), "in.gz: corrupt gzip data: unknown header flags set");
  std::string zst = compress(Compression::kZstd, "data\n") + "garbage!";
  EXPECT_EQ(error_of(zst), "in.gz: corrupt zstd data: Unknown frame descriptor");
}

TEST(Compression, PlainSinkPassesBytesThrough) {
  EXPECT_EQ(compress(Compression::kNone, "abc", 1), "abc");
}

}  // namespace
}  // namespace recproc::io
