// Every framework adapter, in one list: the host hands their collectors to the summarizer and their index
// parts to the Project; checks/registry.ts adds their rule families, navigation/index.ts asks them for hover
// and definitions. A new framework is a folder beside aiohttp/ and one line here (docs/adapters.md).
import type { FrameworkAdapter } from './adapter';
import { aiohttpAdapter } from './aiohttp';
import { djangoAdapter } from './django';
import { fastapiAdapter } from './fastapi';
import { flaskAdapter } from './flask';
import { sqlalchemyAdapter } from './sqlalchemy';

export const FRAMEWORK_ADAPTERS: readonly FrameworkAdapter[] = [djangoAdapter, sqlalchemyAdapter, flaskAdapter, fastapiAdapter, aiohttpAdapter as FrameworkAdapter];
