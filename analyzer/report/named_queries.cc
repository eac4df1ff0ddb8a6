#include "analyzer/report/named_queries.h"

namespace kubeproof {

const std::vector<NamedQuery>& NamedQueries() {
  static const std::vector<NamedQuery> kQueries = {
      {"failed-by-node", "failed checks per node, in benchmark order, with the value found and why",
       "SELECT f.cluster, f.node, f.benchmark, f.check_id, f.title, f.actual, f.source, f.reason\n"
       "FROM findings f JOIN checks c ON c.benchmark = f.benchmark AND c.check_id = f.check_id\n"
       "WHERE f.status = 'FAIL'\n"
       "ORDER BY f.cluster, f.node, f.benchmark, c.position"},
      {"unverifiable-by-reason", "why checks could not be verified: each reason with how many findings and nodes",
       "SELECT reason, COUNT(*) AS findings, COUNT(DISTINCT bundle_id) AS nodes,\n"
       "       group_concat(DISTINCT check_id) AS checks\n"
       "FROM findings WHERE status = 'UNVERIFIABLE'\n"
       "GROUP BY reason ORDER BY findings DESC, reason"},
      {"missing-component", "nodes where a component that runs on another node of the same cluster has no process",
       "WITH seen AS (\n"
       "  SELECT DISTINCT COALESCE(b.cluster, '') AS cluster, p.component\n"
       "  FROM processes p JOIN bundles b ON b.bundle_id = p.bundle_id)\n"
       "SELECT s.cluster, b.node, s.component\n"
       "FROM seen s JOIN bundles b ON COALESCE(b.cluster, '') = s.cluster\n"
       "WHERE NOT EXISTS (SELECT 1 FROM processes p WHERE p.bundle_id = b.bundle_id AND p.component = s.component)\n"
       "ORDER BY s.cluster, b.node, s.component"},
      {"settings-differ", "effective settings whose value differs between nodes of one cluster",
       "SELECT cluster, component, name, COUNT(DISTINCT value) AS distinct_values,\n"
       "       group_concat(node || '=' || value, '; ') AS values_by_node\n"
       "FROM (SELECT * FROM node_settings ORDER BY node)\n"
       "GROUP BY cluster, component, name HAVING COUNT(DISTINCT value) > 1\n"
       "ORDER BY cluster, component, name"},
      {"benchmark-choice",
       "each node's platform and Kubernetes version, the evidence each rests on, and the benchmarks it was judged by",
       "SELECT b.cluster, b.node, e.platform, e.platform_variant, e.platform_origin,\n"
       "       e.kubernetes_version, e.version_origin, e.benchmark, e.basis, e.note\n"
       "FROM evaluations e JOIN bundles b ON b.bundle_id = e.bundle_id\n"
       "ORDER BY b.cluster, b.node, e.benchmark"},
      {"bundles", "every bundle stored: node, when it was collected and ingested, its SHA-256 and who signed it",
       "SELECT cluster, node, started_at AS collected_at, ingested_at, sha256,\n"
       "       COALESCE(signer, 'unsigned') AS signed_by,\n"
       "       CASE signer_trusted WHEN 1 THEN 'trusted' WHEN 0 THEN 'key not trusted' END AS trust\n"
       "FROM bundles ORDER BY cluster, node, started_at, bundle_id"},
  };
  return kQueries;
}

const NamedQuery* FindNamedQuery(std::string_view name) {
  for (const auto& q : NamedQueries()) {
    if (q.name == name) return &q;
  }
  return nullptr;
}

}  // namespace kubeproof
