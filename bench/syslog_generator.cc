#include "syslog_generator.h"

#include <cstring>

namespace recproc::bench {
namespace {

constexpr std::string_view kFacilities[] = {"auth", "authpriv", "cron", "daemon",
                                            "kern", "syslog",   "user"};
constexpr std::string_view kSeverities[] = {"emerg",   "alert",  "crit", "err",
                                            "warning", "notice", "info", "debug"};
// Per mille, in kSeverities order: emerg 1%, alert 1%, crit 3%, err 8%, warning 12%,
// notice 15%, info 50%, debug 10% (bench-anchors).
constexpr int kSeverityPerMille[] = {10, 10, 30, 80, 120, 150, 500, 100};
constexpr std::string_view kProcesses[] = {
    "sshd",           "CRON",    "systemd",        "kernel",   "rsyslogd", "dockerd",
    "containerd",     "kubelet", "nginx",          "postgres", "sudo",     "chronyd",
    "systemd-logind", "auditd",  "NetworkManager", "waagent",  "omsagent", "snapd"};
constexpr std::string_view kTags[] = {"prod", "eu", "web", "db", "batch"};
// Message vocabulary: mostly ASCII, with commas, quotes, backslashes and non-ASCII text so that
// parsers meet escapes and multi-byte UTF-8 in realistic proportions.
constexpr std::string_view kWords[] = {
    "Accepted",
    "publickey",
    "for",
    "azureuser",
    "from",
    "port",
    "ssh2:",
    "RSA",
    "SHA256:x7Qk9",
    "session",
    "opened",
    "closed",
    "user",
    "root",
    "by",
    "(uid=0)",
    "Started",
    "Stopped",
    "Session",
    "of",
    "daemon",
    "connection",
    "reset",
    "peer,",
    "timeout,",
    "retrying",
    "in",
    "seconds",
    "failed",
    "password",
    "invalid",
    "authentication",
    "failure;",
    "logname=",
    "uid=0",
    "euid=0",
    "tty=ssh",
    "ruser=",
    "rhost=10.0.4.17",
    "disk",
    "usage",
    "above",
    "threshold",
    "on",
    "/dev/sda1",
    "/var/log/syslog",
    "/etc/ssh/sshd_config",
    "kernel:",
    "Out",
    "memory:",
    "Killed",
    "process",
    "total-vm:1048576kB,",
    "anon-rss:524288kB,",
    "oom_score_adj=0",
    "eth0:",
    "link",
    "up,",
    "1000Mbps,",
    "full-duplex",
    "NIC",
    "Link",
    "is",
    "Down",
    "unit",
    "entered",
    "state",
    "exit-code",
    "status=1/FAILURE",
    "pam_unix(sshd:auth):",
    "GET",
    "/api/v1/health",
    "HTTP/1.1",
    "200",
    "503",
    "latency=12ms",
    "request_id=9f1c2e",
    "upstream",
    "timed",
    "out",
    "(110:",
    "Connection",
    "timed",
    "out)",
    "while",
    "reading",
    "response",
    "header",
    "checkpoint",
    "complete:",
    "wrote",
    "4096",
    "buffers",
    "(25.0%);",
    "0",
    "WAL",
    "file(s)",
    "added,",
    "removed,",
    "recycled;",
    "\"quoted\"",
    "\"GET / HTTP/1.1\"",
    "said",
    "\"hello, world\"",
    "C:\\Windows\\Temp",
    "\\\\server\\share",
    "path=C:\\Program Files\\Agent",
    "regex=^a\\d+$",
    "café",
    "naïve",
    "Überprüfung",
    "fehlgeschlagen",
    "ошибка",
    "соединения",
    "接続が",
    "タイムアウトしました",
    "错误",
    "→",
    "✓",
    "±5ms",
    "résumé",
    "São",
    "Paulo,",
    "Zürich",
    "Ελλάδα",
    "cron[1234]:",
    "(root)",
    "CMD",
    "(/usr/lib/php/sessionclean)",
    "apt-daily.service:",
    "Succeeded.",
    "Reloading.",
    "Finished",
    "Daily",
    "apt",
    "upgrade",
    "and",
    "clean",
    "activities.",
    "containerd:",
    "shim",
    "disconnected",
    "id=4f9a0c1b2d3e",
    "namespace=k8s.io",
    "kubelet:",
    "pod",
    "sandbox",
    "changed,",
    "it",
    "will",
    "be",
    "killed",
    "re-created.",
};

// Escapes `raw` for a JSON string: quotes and backslashes; the vocabulary has no controls.
std::string json_escape(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* put_uint(char* p, std::uint64_t v) {
  char tmp[20];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) *p++ = tmp[--n];
  return p;
}

char* put_digits(char* p, std::uint64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + width;
}

// Days since 1970-01-01 to a civil date (H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms").
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe + era * 400) + (m <= 2);
}

constexpr std::int64_t kEpochSecond = 1793491200;  // 2026-11-01T00:00:00Z

std::string_view severity(Rng& rng) {
  int r = static_cast<int>(rng.below(1000));
  for (int i = 0; i < 8; ++i) {
    if (r < kSeverityPerMille[i]) return kSeverities[i];
    r -= kSeverityPerMille[i];
  }
  return kSeverities[6];
}

std::string guid(Rng& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) s.push_back('-');
    s.push_back(kHex[rng.below(16)]);
  }
  return s;
}

}  // namespace

SyslogGenerator::SyslogGenerator(GenOptions options)
    : options_(options), rng_(options.seed * 0x9e3779b97f4a7c15ULL + 1) {
  std::string subscriptions[4];
  for (auto& s : subscriptions) s = guid(rng_);
  for (int i = 0; i < 200; ++i) {
    Host h;
    char name[8];
    put_digits(put(name, "vm-"), static_cast<std::uint64_t>(i), 3);
    h.name.assign(name, 6);
    h.resource_id = "/subscriptions/" + subscriptions[i % 4] + "/resourceGroups/rg-" +
                    std::to_string(i / 20) + "/providers/Microsoft.Compute/virtualMachines/" +
                    h.name;
    h.ip = "10." + std::to_string(rng_.below(256)) + "." + std::to_string(rng_.below(256)) + "." +
           std::to_string(1 + rng_.below(254));
    hosts_.push_back(std::move(h));
  }
  for (std::string_view w : kWords) words_.push_back({json_escape(w), std::string(w)});
}

std::string SyslogGenerator::header() const {
  if (!options_.csv) return {};
  return "TimeGenerated,Computer,ResourceId,Facility,SeverityLevel,ProcessID,ProcessName,HostIP,"
         "SyslogMessage\n";
}

void SyslogGenerator::append_record(std::string& out) {
  std::size_t at = out.size();
  out.resize(at + kMaxRecordBytes);
  char* end = write_record(out.data() + at);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

char* SyslogGenerator::write_record(char* p) {
  // Damage is spread evenly: record 50, 150, 250, ... cycling through the four kinds.
  const bool dirty = options_.dirty && index_ % 100 == 50;
  p = options_.csv ? write_csv(p, dirty) : write_json(p, dirty);
  ++index_;
  return p;
}

// "2026-11-01T00:00:00.735392Z"; time moves forward 0..2 ms per record.
char* SyslogGenerator::write_timestamp(char* p) {
  micros_ += rng_.below(2000);
  const std::uint64_t second = micros_ / 1000000;
  if (second != cached_second_) {
    cached_second_ = second;
    const std::int64_t t = kEpochSecond + static_cast<std::int64_t>(second);
    int y = 0;
    unsigned mo = 0, d = 0;
    civil_from_days(t / 86400, y, mo, d);
    const std::int64_t sod = t % 86400;
    char* q = second_text_.data();
    q = put_digits(q, static_cast<std::uint64_t>(y), 4);
    *q++ = '-';
    q = put_digits(q, mo, 2);
    *q++ = '-';
    q = put_digits(q, d, 2);
    *q++ = 'T';
    q = put_digits(q, static_cast<std::uint64_t>(sod / 3600), 2);
    *q++ = ':';
    q = put_digits(q, static_cast<std::uint64_t>(sod / 60 % 60), 2);
    *q++ = ':';
    put_digits(q, static_cast<std::uint64_t>(sod % 60), 2);
  }
  p = put(p, std::string_view(second_text_.data(), 19));
  *p++ = '.';
  p = put_digits(p, micros_ % 1000000, 6);
  *p++ = 'Z';
  return p;
}

// 4 to 30 words, at most 300 bytes of text. In CSV mode every 997th record's message holds a
// newline, and csv_needs_quotes_ tells whether the field must be quoted.
char* SyslogGenerator::write_message(char* p, bool json, bool newline) {
  constexpr std::size_t kMaxText = 300;
  // Skewed towards longer messages (max of two draws) so that records average ~560 bytes.
  const std::uint32_t a = rng_.below(27), b = rng_.below(27);
  const std::uint32_t count = 4 + (rng_.below(2) ? (a > b ? a : b) : a);
  std::size_t text = 0;
  char* start = p;
  for (std::uint32_t i = 0; i < count; ++i) {
    const Word& w = words_[rng_.below(static_cast<std::uint32_t>(words_.size()))];
    if (text + 1 + w.raw.size() > kMaxText) break;
    if (i > 0) {
      *p++ = newline && i == count / 2 ? '\n' : ' ';
      ++text;
    }
    p = put(p, json ? w.json : w.raw);
    text += w.raw.size();
  }
  if (!json) {
    csv_needs_quotes_ = std::memchr(start, ',', static_cast<std::size_t>(p - start)) ||
                        std::memchr(start, '"', static_cast<std::size_t>(p - start)) ||
                        std::memchr(start, '\n', static_cast<std::size_t>(p - start));
  }
  return p;
}

char* SyslogGenerator::write_json(char* p, bool dirty) {
  const int damage = dirty ? static_cast<int>(index_ / 100 % 4) : -1;
  char* line = p;
  const Host& host = hosts_[rng_.below(200)];
  p = put(p, "{\"TimeGenerated\":\"");
  p = write_timestamp(p);
  if (damage != 1) {
    p = put(p, "\",\"Computer\":\"");
    p = put(p, host.name);
  }
  p = put(p, "\",\"ResourceId\":\"");
  p = put(p, host.resource_id);
  p = put(p, "\",\"Facility\":\"");
  p = put(p, kFacilities[rng_.below(7)]);
  p = put(p, "\",\"SeverityLevel\":\"");
  const std::string_view sev = severity(rng_);
  p = put(p, damage == 2 ? "fatal" : sev);
  const std::uint64_t pid = 1 + rng_.below(4194303);
  if (damage == 0) {
    p = put_uint(put(p, "\",\"ProcessID\":\"pid-"), pid);
    p = put(p, "\",\"ProcessName\":\"");
  } else {
    p = put_uint(put(p, "\",\"ProcessID\":"), pid);
    p = put(p, ",\"ProcessName\":\"");
  }
  p = put(p, kProcesses[rng_.below(std::size(kProcesses))]);
  p = put(p, "\",\"HostIP\":\"");
  p = put(p, host.ip);
  p = put(p, "\",\"SyslogMessage\":\"");
  p = write_message(p, true, false);
  p = put(p, "\",\"Properties\":{\"retries\":");
  p = put_uint(p, rng_.below(4));
  const std::uint32_t t1 = rng_.below(5);
  const std::uint32_t t2 = (t1 + 1 + rng_.below(4)) % 5;
  p = put(p, ",\"tags\":[\"");
  p = put(p, kTags[t1]);
  p = put(p, "\",\"");
  p = put(p, kTags[t2]);
  p = put(p, "\"]}}");
  if (damage == 3) {
    // Cut in half, on a UTF-8 character boundary so the damage is the JSON, not the encoding.
    char* half = line + (p - line) / 2;
    while ((static_cast<unsigned char>(*half) & 0xc0) == 0x80) --half;
    p = half;
  }
  *p++ = '\n';
  return p;
}

char* SyslogGenerator::write_csv(char* p, bool dirty) {
  const int damage = dirty ? static_cast<int>(index_ / 100 % 4) : -1;
  const Host& host = hosts_[rng_.below(200)];
  p = write_timestamp(p);
  *p++ = ',';
  if (damage != 1) p = put(p, host.name);  // Computer "missing": an empty field
  *p++ = ',';
  p = put(p, host.resource_id);
  *p++ = ',';
  p = put(p, kFacilities[rng_.below(7)]);
  *p++ = ',';
  const std::string_view sev = severity(rng_);
  p = put(p, damage == 2 ? "fatal" : sev);
  *p++ = ',';
  const std::uint64_t pid = 1 + rng_.below(4194303);
  if (damage == 0) p = put(p, "pid-");
  p = put_uint(p, pid);
  // A row cut in half has too few fields; it is cut between fields so that no quote is left
  // open, which would swallow the rows after it.
  char* cut = p;
  *p++ = ',';
  p = put(p, kProcesses[rng_.below(std::size(kProcesses))]);
  *p++ = ',';
  p = put(p, host.ip);
  *p++ = ',';
  // The message is written raw first, then quoted in place when it needs it (RFC 4180).
  char* msg = p;
  p = write_message(p, false, index_ % 997 == 996);
  if (csv_needs_quotes_) {
    char tmp[kMaxRecordBytes];
    const std::size_t n = static_cast<std::size_t>(p - msg);
    std::memcpy(tmp, msg, n);
    p = msg;
    *p++ = '"';
    for (std::size_t i = 0; i < n; ++i) {
      if (tmp[i] == '"') *p++ = '"';
      *p++ = tmp[i];
    }
    *p++ = '"';
  }
  // Properties (retries and tags) are not CSV columns; drawn anyway so that a seed gives the
  // same rows in both variants.
  rng_.below(4);
  rng_.below(5);
  rng_.below(4);
  if (damage == 3) p = cut;
  *p++ = '\n';
  return p;
}

}  // namespace recproc::bench
