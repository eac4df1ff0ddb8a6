# One INTERFACE target carries the project's warning flags; CI adds -Werror through KUBEPROOF_WERROR.
add_library(kubeproof_warnings INTERFACE)
target_compile_options(kubeproof_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor)
if(KUBEPROOF_WERROR)
  target_compile_options(kubeproof_warnings INTERFACE -Werror)
endif()
