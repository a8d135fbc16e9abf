import { Type } from '@sinclair/typebox';
import { defineRoute, pathParamNames, routeGroupProblems, routePath } from './route';

const getThing = defineRoute({
  method: 'GET', path: '/things/:id/parts/:partId', summary: 'A part', tags: ['things'],
  params: Type.Object({ id: Type.String(), partId: Type.String() }), response: Type.Object({}), errors: [],
});

const getFile = defineRoute({
  method: 'GET', path: '/files/:name/*', summary: 'A file', tags: ['things'],
  params: Type.Object({ name: Type.String(), '*': Type.String() }), response: null, errors: [],
});

describe('routePath', () => {
  it('fills every parameter, URI-encoded', () => {
    expect(routePath(getThing, { id: 'a b', partId: '../x' })).toBe('/things/a%20b/parts/..%2Fx');
  });

  it('refuses a missing parameter instead of calling a wrong path', () => {
    expect(() => routePath(getThing, { id: '1' })).toThrow('needs the parameter partId');
  });

  it('fills a trailing wildcard with a relative path, segment by segment', () => {
    expect(routePath(getFile, { name: 'kb', '*': 'chunks/a b.js' })).toBe('/files/kb/chunks/a%20b.js');
    for (const rest of ['', '../x', 'a/./b', 'a//b', '/a']) {
      expect(() => routePath(getFile, { name: 'kb', '*': rest })).toThrow('/files/:name/*');
    }
  });
});

describe('routeGroupProblems', () => {
  it('finds nothing wrong in a sound group', () => {
    expect(pathParamNames(getThing.path)).toEqual(['id', 'partId']);
    expect(routeGroupProblems({ getThing })).toEqual([]);
  });

  it('counts a trailing wildcard as the parameter *', () => {
    expect(pathParamNames(getFile.path)).toEqual(['name', '*']);
    expect(routeGroupProblems({ getFile })).toEqual([]);
    const unnamed = defineRoute({ ...getFile, params: Type.Object({ name: Type.String() }) });
    expect(routeGroupProblems({ unnamed })).toEqual(['unnamed: path /files/:name/* has [*, name], params schema has [name]']);
  });

  it('names a path parameter the schema does not have, a duplicate route and a 204 with a body', () => {
    const typo = defineRoute({ ...getThing, path: '/things/:idd/parts/:partId' });
    const twice = defineRoute({ ...getThing });
    const noContent = defineRoute({ ...getThing, path: '/things', params: undefined, method: 'DELETE', status: 204 });
    expect(routeGroupProblems({ getThing, typo, twice, noContent })).toEqual([
      'typo: path /things/:idd/parts/:partId has [idd, partId], params schema has [id, partId]',
      'twice: GET /things/:id/parts/:partId is also getThing',
      'noContent: a 204 answers no body',
    ]);
  });
});
