// TextTable: the numbers findings wait under in check order give back exactly their texts.
#include <catch2/catch.hpp>

#include "analyzer/report/text_table.h"
#include "analyzer/store/database.h"
#include "tests/support/bad_bundles.h"

namespace kubeproof {

TEST_CASE("texts numbered without a database come back exactly, one number per distinct text", "[report]") {
  TextTable texts(nullptr);
  const std::int64_t mode = texts.Number("mode 0644");
  const std::int64_t empty = texts.Number("");
  CHECK(texts.Number("mode 0644") == mode);
  CHECK(empty != mode);
  CHECK(*texts.Text(mode) == "mode 0644");
  CHECK(*texts.Text(empty) == "");
  CHECK_FALSE(texts.Text(0).ok());
  CHECK_FALSE(texts.Text(3).ok());
}

TEST_CASE("texts numbered by the database are read by text_id, and a missing one is named", "[report]") {
  testing::ScratchDir dir("text-table");
  auto db = Database::Open(dir / "texts.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  REQUIRE((*db)->Exec("INSERT INTO texts (text_id, text) VALUES (7, 'owner 0:0'), (9, 'line one\nline two')").ok());
  TextTable texts(db->get());
  CHECK(*texts.Text(7) == "owner 0:0");
  CHECK(*texts.Text(9) == "line one\nline two");
  auto missing = texts.Text(8);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message().find("text 8") != std::string::npos);
  // Read once: the row gone from the file, the text still comes from the cache.
  REQUIRE((*db)->Exec("DELETE FROM texts WHERE text_id = 7").ok());
  CHECK(*texts.Text(7) == "owner 0:0");
}

TEST_CASE("the text cache stays within its bound by forgetting what it read, then reads it again", "[report]") {
  testing::ScratchDir dir("text-table-bound");
  auto db = Database::Open(dir / "texts.db", Database::Mode::kReadWrite);
  REQUIRE(db.ok());
  // Two texts of 9 MiB: both do not fit the 16 MiB the cache holds.
  REQUIRE((*db)->Exec("INSERT INTO texts (text_id, text) VALUES (1, printf('%.*c', 9437184, 'a')),"
                      " (2, printf('%.*c', 9437184, 'b'))").ok());
  TextTable texts(db->get());
  REQUIRE(texts.Text(1)->size() == 9437184);
  REQUIRE(texts.Text(2)->size() == 9437184);
  REQUIRE((*db)->Exec("DELETE FROM texts WHERE text_id IN (1, 2)").ok());
  CHECK(texts.Text(2).ok());        // the one kept
  CHECK_FALSE(texts.Text(1).ok());  // forgotten to make room, so read again: gone from the file
}

}  // namespace kubeproof
