// --trust and --require-signed: the flags shared by the commands that judge signatures.
#pragma once

#include <vector>

#include "analyzer/bundle/trust_store.h"
#include "analyzer/commands/arguments.h"

namespace kubeproof {

std::vector<OptionSpec> TrustOptions();

// The keys --trust names; --require-signed without --trust is a usage error
// (Status::InvalidArgument), as is a key file that does not read.
Result<TrustPolicy> LoadTrustPolicy(const Arguments& args);

// How a verified bundle's signature reads in a command's output: "unsigned",
// "signed by SHA256:…, trusted" or "signed by SHA256:…, key not trusted".
std::string DescribeSignature(const std::optional<BundleSigner>& signer, SignatureTrust trust);

}  // namespace kubeproof
