// Test validation: a loaded test checked against the component facts, so a rule that could only
// PASS or FAIL every node (an unknown setting, an operand its setting's type cannot hold) is
// refused when the rule file loads, not discovered in an audit.
#pragma once

#include <string>

#include "analyzer/rules/test.h"
#include "analyzer/settings/component_spec.h"
#include "common/status.h"

namespace kubeproof {

// Every setting `test` names is a declared setting of its component in `catalog`, and every
// comparison's operand fits that setting's type. `component` is the check's; `where` prefixes
// errors ("FILE: check ID: test").
Status ValidateTest(const Test& test, const std::string& component, const ComponentCatalog& catalog,
                    const std::string& where);

}  // namespace kubeproof
