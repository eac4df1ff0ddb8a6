// Name-based UUIDs, checked against the values other implementations (Python's uuid.uuid5) give.
#include "analyzer/report/name_uuid.h"

#include <catch2/catch.hpp>

namespace kubeproof {
namespace {

TEST_CASE("name-based UUIDs match RFC 4122 version 5 as other implementations compute it",
          "[report]") {
  CHECK(FormatUuid(NameUuid(kDnsNamespace, "python.org")) ==
        "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  CHECK(FormatUuid(NameUuid(kUrlNamespace, "https://www.python.org/")) ==
        "5406f80d-92e9-51cd-a176-77445955e733");
  CHECK(FormatUuid(NameUuid(kDnsNamespace, "")) == "4ebd0208-8328-5d69-8c44-ec50939c0967");
  // The version nibble is 5 and the variant bits are 10.
  Uuid u = NameUuid(kUrlNamespace, "anything");
  CHECK((u[6] >> 4) == 5);
  CHECK((u[8] >> 6) == 2);
}

}  // namespace
}  // namespace kubeproof
