# Embeds the HTML report's stylesheet and script (analyzer/report/assets/) into the analyzer, so a
# report never loads anything. Editing either file re-runs configure.
set(KUBEPROOF_REPORT_ASSETS_DIR ${PROJECT_SOURCE_DIR}/analyzer/report/assets)
file(READ ${KUBEPROOF_REPORT_ASSETS_DIR}/report.css REPORT_CSS)
file(READ ${KUBEPROOF_REPORT_ASSETS_DIR}/report.js REPORT_JS)
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${KUBEPROOF_REPORT_ASSETS_DIR}/report.css ${KUBEPROOF_REPORT_ASSETS_DIR}/report.js)
configure_file(${PROJECT_SOURCE_DIR}/cmake/html_assets.cc.in ${CMAKE_CURRENT_BINARY_DIR}/html_assets.cc @ONLY)
