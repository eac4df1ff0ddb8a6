// bench_bundle_generator TEMPLATE OUT_DIR N: writes N distinct, valid node bundles made from one
// template bundle. Each gets its own node name and one altered config file, so every bundle has
// its own digest and its own rows.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "analyzer/bundle/bundle_verifier.h"
#include "collector/bundle_writer.h"
#include "common/bundle_layout.h"
#include "common/sha256.h"

namespace kubeproof {
namespace {

// The files.json record whose copied content is a YAML file: its comment line will vary.
nlohmann::json* VariableRecord(nlohmann::json& files) {
  for (auto& record : files["files"]) {
    const auto& content = record["content"];
    if (!content.is_object() || !content["member"].is_string()) continue;
    std::string member = content["member"];
    if (member.size() > 5 && member.compare(member.size() - 5, 5, ".yaml") == 0) return &record;
  }
  return nullptr;
}

int Generate(const std::filesystem::path& template_path, const std::filesystem::path& out_dir, long count) {
  auto bundle = ReadVerifiedBundle(template_path, ArchiveLimits{});
  if (!bundle.ok()) {
    std::cerr << "bench_bundle_generator: " << template_path.string() << ": " << bundle.status().message() << "\n";
    return 1;
  }
  const std::string files_member(bundle::kFilesMember);
  nlohmann::json files = nlohmann::json::parse(bundle->members.at(files_member));
  nlohmann::json* record = VariableRecord(files);
  if (record == nullptr) {
    std::cerr << "bench_bundle_generator: the template copies no YAML file to vary\n";
    return 1;
  }
  const std::string member = (*record)["content"]["member"];
  const std::string original = bundle->members.at(member);
  const std::string base_name = bundle->manifest["node"]["name"];
  std::filesystem::create_directories(out_dir);
  for (long i = 0; i < count; ++i) {
    std::string node = base_name + "-" + std::to_string(i);
    std::string content = original + "# bench node " + node + "\n";
    (*record)["size"] = content.size();
    (*record)["content"]["sha256"] = Sha256Hex(content);
    BundleWriter writer;
    for (const auto& [name, data] : bundle->members) {
      const std::string& bytes = name == member ? content : name == files_member ? files.dump(2) + "\n" : data;
      if (Status s = writer.Add(name, bytes); !s.ok()) {
        std::cerr << "bench_bundle_generator: " << s.message() << "\n";
        return 1;
      }
    }
    nlohmann::json manifest = bundle->manifest;
    manifest.erase("members");
    manifest["node"]["name"] = node;
    manifest["node"]["hostname"] = node;
    auto bytes = writer.Finish(manifest, 1700000000);
    if (!bytes.ok()) {
      std::cerr << "bench_bundle_generator: " << bytes.status().message() << "\n";
      return 1;
    }
    char name[32];
    std::snprintf(name, sizeof(name), "node-%06ld.tar.gz", i);
    std::ofstream(out_dir / name, std::ios::binary) << *bytes;
  }
  return 0;
}

}  // namespace
}  // namespace kubeproof

int main(int argc, char** argv) {
  if (argc != 4 || std::atol(argv[3]) <= 0) {
    std::cerr << "usage: bench_bundle_generator TEMPLATE OUT_DIR N\n";
    return 2;
  }
  return kubeproof::Generate(argv[1], argv[2], std::atol(argv[3]));
}
