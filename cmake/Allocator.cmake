# The shipped executables use jemalloc instead of glibc's malloc. A station's round trip allocates
# and frees a few dozen small buffers on the server thread while the capture writer frees them on
# its own; with glibc that was over a tenth of the server's CPU (arena locks, consolidation of
# fastbins), with jemalloc (or tcmalloc or mimalloc, measured alike) 1,000 stations get about 15 %
# more round trips per second (BENCHMARKS.md). Sanitizer builds keep the sanitizer's allocator.
option(CHARGEBENCH_JEMALLOC "Link the executables with jemalloc" ON)

function(chargebench_use_allocator target)
    if(NOT CHARGEBENCH_JEMALLOC OR CHARGEBENCH_SANITIZE)
        return()
    endif()
    find_library(CHARGEBENCH_JEMALLOC_LIBRARY jemalloc)
    if(NOT CHARGEBENCH_JEMALLOC_LIBRARY)
        message(WARNING "jemalloc not found (apt-get install libjemalloc-dev, or run scripts/setup): "
                        "${target} uses glibc's malloc and serves fewer stations per second")
        return()
    endif()
    # Linked as a direct dependency of the executable, its malloc comes before glibc's for the
    # whole process, Qt and SQLite included.
    target_link_libraries(${target} PRIVATE ${CHARGEBENCH_JEMALLOC_LIBRARY})
endfunction()
