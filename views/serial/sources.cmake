# Serial hardware panel: port and protocol picker, live CP state and readings, link counters,
# timeline chart, byte log, RAPI command line.
target_sources(chargebench_views PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/bytelogmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/bytelogmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/cpstatebadge.cpp ${CMAKE_CURRENT_LIST_DIR}/cpstatebadge.h
    ${CMAKE_CURRENT_LIST_DIR}/cpstatestyle.cpp ${CMAKE_CURRENT_LIST_DIR}/cpstatestyle.h
    ${CMAKE_CURRENT_LIST_DIR}/hardwarestateview.cpp ${CMAKE_CURRENT_LIST_DIR}/hardwarestateview.h
    ${CMAKE_CURRENT_LIST_DIR}/linkcountersview.cpp ${CMAKE_CURRENT_LIST_DIR}/linkcountersview.h
    ${CMAKE_CURRENT_LIST_DIR}/rapiconsole.cpp ${CMAKE_CURRENT_LIST_DIR}/rapiconsole.h
    ${CMAKE_CURRENT_LIST_DIR}/serialconnectionform.cpp ${CMAKE_CURRENT_LIST_DIR}/serialconnectionform.h
    ${CMAKE_CURRENT_LIST_DIR}/serialpanel.cpp ${CMAKE_CURRENT_LIST_DIR}/serialpanel.h
    ${CMAKE_CURRENT_LIST_DIR}/serialtimelinechart.cpp ${CMAKE_CURRENT_LIST_DIR}/serialtimelinechart.h
)
target_link_libraries(chargebench_views PUBLIC chargebench_serial chargebench_serialcapture)
