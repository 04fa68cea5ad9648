# Actions panel: one button per operation of the operation table, with inputs drawn from its
# parameters; the table checks the arguments and builds the payloads.
target_sources(chargebench_views PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/actionspanel.cpp ${CMAKE_CURRENT_LIST_DIR}/actionspanel.h
    ${CMAKE_CURRENT_LIST_DIR}/operationinputs.cpp ${CMAKE_CURRENT_LIST_DIR}/operationinputs.h
)
