# Message composer: any CSMS-initiated action, a form generated from its schema, raw JSON, history.
target_sources(chargebench_views PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/composerhistorymodel.cpp ${CMAKE_CURRENT_LIST_DIR}/composerhistorymodel.h
    ${CMAKE_CURRENT_LIST_DIR}/composerpayload.cpp
    ${CMAKE_CURRENT_LIST_DIR}/composersending.cpp
    ${CMAKE_CURRENT_LIST_DIR}/composerwidget.cpp ${CMAKE_CURRENT_LIST_DIR}/composerwidget.h
    ${CMAKE_CURRENT_LIST_DIR}/composerwidgetshared.h
    ${CMAKE_CURRENT_LIST_DIR}/jsonhtml.cpp ${CMAKE_CURRENT_LIST_DIR}/jsonhtml.h
    ${CMAKE_CURRENT_LIST_DIR}/schemaformdelegate.cpp ${CMAKE_CURRENT_LIST_DIR}/schemaformdelegate.h
    ${CMAKE_CURRENT_LIST_DIR}/schemaformedits.cpp
    ${CMAKE_CURRENT_LIST_DIR}/schemaformmodel.cpp ${CMAKE_CURRENT_LIST_DIR}/schemaformmodel.h
    ${CMAKE_CURRENT_LIST_DIR}/schemaformrows.cpp ${CMAKE_CURRENT_LIST_DIR}/schemaformrows.h
)
