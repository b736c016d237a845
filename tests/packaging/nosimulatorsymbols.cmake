# SPDX-License-Identifier: GPL-3.0-or-later
# cmake -DNM=nm -DBINARY=volsyncctl -DSIMULATOR=volsync-sim -P nosimulatorsymbols.cmake
# Fails if BINARY defines a symbol of the simulator library (a Sim* class or the Simulator). SIMULATOR, a binary
# that does contain the simulator, proves the pattern finds those symbols where they are.
set(_pattern "[ :](Sim[A-Z][A-Za-z]*|Simulator)::")
function(simulator_symbols binary out)
    execute_process(COMMAND "${NM}" --demangle --defined-only "${binary}"
        OUTPUT_VARIABLE _symbols RESULT_VARIABLE _result ERROR_VARIABLE _error)
    if(NOT _result EQUAL 0)
        message(FATAL_ERROR "${NM} ${binary} failed: ${_error}")
    endif()
    string(REGEX MATCHALL "[^\n]*${_pattern}[^\n]*" _matches "${_symbols}")
    set(${out} "${_matches}" PARENT_SCOPE)
endfunction()

simulator_symbols("${SIMULATOR}" _control)
list(LENGTH _control _controlCount)
if(_controlCount EQUAL 0)
    message(FATAL_ERROR "No simulator symbol found in ${SIMULATOR}: the check would not see one in ${BINARY}.")
endif()
simulator_symbols("${BINARY}" _found)
list(LENGTH _found _count)
if(_count GREATER 0)
    list(SUBLIST _found 0 5 _some)
    string(REPLACE ";" "\n  " _some "${_some}")
    message(FATAL_ERROR "${BINARY} contains ${_count} simulator symbols, e.g.\n  ${_some}")
endif()
message(STATUS "${BINARY}: no simulator symbols (${SIMULATOR} has ${_controlCount})")
