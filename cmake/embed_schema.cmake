# Embeds schema/NNN_*.sql into the analyzer as an ordered list of migrations, so the program
# never depends on where the .sql files are installed. Editing a .sql file re-runs configure.
file(GLOB KUBEPROOF_SCHEMA_FILES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/schema/[0-9][0-9][0-9]_*.sql)
list(SORT KUBEPROOF_SCHEMA_FILES)
set(KUBEPROOF_MIGRATIONS "")
foreach(sql_file IN LISTS KUBEPROOF_SCHEMA_FILES)
  file(READ ${sql_file} sql_text)
  get_filename_component(sql_name ${sql_file} NAME)
  string(APPEND KUBEPROOF_MIGRATIONS "    {\"${sql_name}\", R\"kubeproof_sql(${sql_text})kubeproof_sql\"},\n")
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${sql_file})
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/schema_migrations.cc.in
               ${CMAKE_CURRENT_BINARY_DIR}/schema_migrations.cc @ONLY)
