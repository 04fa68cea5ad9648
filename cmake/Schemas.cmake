# The official OCA JSON schemas are not part of this repository. scripts/setup fetches the npm
# package ocpp-rpc@2.2.1 with `npm pack`, checks its sha512 integrity and unpacks it under .deps/.
# The build embeds the three schema arrays unmodified as Qt resources (:/schemas/ocppX.json).
set(CHARGEBENCH_SCHEMA_DIR "${PROJECT_SOURCE_DIR}/.deps/ocpp-rpc-2.2.1/package/lib/schemas"
    CACHE PATH "Folder holding ocpp1_6.json, ocpp2_0_1.json and ocpp2_1.json (OCA schemas)")

set(CHARGEBENCH_SCHEMA_FILES ocpp1_6.json ocpp2_0_1.json ocpp2_1.json)
foreach(f IN LISTS CHARGEBENCH_SCHEMA_FILES)
    if(NOT EXISTS "${CHARGEBENCH_SCHEMA_DIR}/${f}")
        message(FATAL_ERROR
            "OCPP schema ${f} not found in ${CHARGEBENCH_SCHEMA_DIR}.\n"
            "Run scripts/setup to fetch the official schemas (npm package ocpp-rpc@2.2.1), "
            "or point -DCHARGEBENCH_SCHEMA_DIR at a folder that holds them.")
    endif()
endforeach()

function(chargebench_embed_schemas target)
    list(TRANSFORM CHARGEBENCH_SCHEMA_FILES PREPEND "${CHARGEBENCH_SCHEMA_DIR}/" OUTPUT_VARIABLE files)
    qt_add_resources(${target} "ocpp_schemas"
        PREFIX "/schemas"
        BASE "${CHARGEBENCH_SCHEMA_DIR}"
        FILES ${files})
endfunction()
