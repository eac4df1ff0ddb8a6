#include "common/utc_time.h"

namespace kubeproof {
namespace {

// The number written in `count` digits at `at`, or -1 when one of them is not a digit.
int Digits(std::string_view text, size_t at, size_t count) {
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::string FormatUtc(std::time_t t) {
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::optional<std::string> ParseUtcInstant(std::string_view text) {
  const bool date_only = text.size() == 10;
  if (!date_only && text.size() != 20) return std::nullopt;
  if (text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!date_only && (text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')) return std::nullopt;
  std::tm fields{};
  fields.tm_year = Digits(text, 0, 4) - 1900;
  fields.tm_mon = Digits(text, 5, 2) - 1;
  fields.tm_mday = Digits(text, 8, 2);
  if (!date_only) {
    fields.tm_hour = Digits(text, 11, 2);
    fields.tm_min = Digits(text, 14, 2);
    fields.tm_sec = Digits(text, 17, 2);
  }
  if (fields.tm_year < 0 || fields.tm_mon < 0 || fields.tm_mday < 0 || fields.tm_hour < 0 || fields.tm_min < 0 ||
      fields.tm_sec < 0) {
    return std::nullopt;
  }
  // timegm carries an impossible field over (February 30th becomes March 2nd): such a text is refused.
  const std::tm wanted = fields;
  const std::time_t t = timegm(&fields);
  std::tm back{};
  gmtime_r(&t, &back);
  if (back.tm_year != wanted.tm_year || back.tm_mon != wanted.tm_mon || back.tm_mday != wanted.tm_mday ||
      back.tm_hour != wanted.tm_hour || back.tm_min != wanted.tm_min || back.tm_sec != wanted.tm_sec) {
    return std::nullopt;
  }
  return FormatUtc(t);
}

}  // namespace kubeproof
