# Stand-in for Zephyr's CMake package (see ../../../../README.md), found like the real one through
# find_package(Zephyr HINTS $ENV{ZEPHYR_BASE}): it sets up the build and the `app` library; the image
# links `app` (which holds main()) with a host implementation of the kernel calls.
set(FAKE_ZEPHYR_BASE ${CMAKE_CURRENT_LIST_DIR}/../../..)
project(Zephyr-Kernel LANGUAGES C)
set(CMAKE_C_STANDARD 11)
add_compile_options(-O2 -Wall -Wextra -Werror)
include_directories(${FAKE_ZEPHYR_BASE}/include)
add_library(app STATIC)
add_executable(zephyr.elf ${FAKE_ZEPHYR_BASE}/kernel_host.c)
target_link_libraries(zephyr.elf PRIVATE app m)
