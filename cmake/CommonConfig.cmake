# Project-wide compile settings carried by one INTERFACE target, so every library, executable and
# test gets the same language level, Qt string discipline and warnings.
add_library(chargebench_common INTERFACE)
target_compile_features(chargebench_common INTERFACE cxx_std_20)
target_compile_definitions(chargebench_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_USE_QSTRINGBUILDER
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
target_compile_options(chargebench_common INTERFACE
    -Wall -Wextra -Wpedantic -Wno-unused-parameter)
# g++ 12 reports -Wrestrict false positives inside std::string at -O2 (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(chargebench_common INTERFACE -Wno-restrict)
endif()

if(CHARGEBENCH_WERROR)
    target_compile_options(chargebench_common INTERFACE -Werror)
endif()

if(CHARGEBENCH_SANITIZE)
    # ASan + UBSan for the test build; UB is fatal so ctest sees it.
    target_compile_options(chargebench_common INTERFACE
        -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(chargebench_common INTERFACE -fsanitize=address,undefined)
endif()
